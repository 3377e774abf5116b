from ninja import Router

router = Router(tags=["decision support"])
