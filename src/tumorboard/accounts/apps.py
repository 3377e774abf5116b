from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tumorboard.accounts"
    label = "accounts"
