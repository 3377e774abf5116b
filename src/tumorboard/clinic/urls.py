from django.urls import URLPattern, path

from tumorboard.clinic import views, views_booking

urlpatterns: list[URLPattern] = [
    path("", views.day_list, name="clinic-days"),
    path("days/new/", views.day_create, name="clinic-day-create"),
    path("days/<uuid:day_id>/", views.day_detail, name="clinic-day"),
    path("days/<uuid:day_id>/optimise/", views.day_optimise, name="clinic-day-optimise"),
    path("days/<uuid:day_id>/sessions/", views.day_add_session, name="clinic-day-session"),
    path("days/<uuid:day_id>/late/", views.day_late, name="clinic-day-late"),
    path("days/<uuid:day_id>/walk-in/", views.day_walk_in, name="clinic-day-walk-in"),
    path("days/<uuid:day_id>/away/", views.day_away, name="clinic-day-away"),
    path("cases/<uuid:case_id>/book/", views_booking.book_case, name="clinic-book-case"),
    path("bookings/<uuid:booking_id>/", views_booking.booking_detail, name="clinic-booking"),
    path("bookings/<uuid:booking_id>/consults/", views_booking.consult_add,
         name="clinic-consult-add"),
    path("bookings/<uuid:booking_id>/itinerary/", views_booking.itinerary,
         name="clinic-itinerary"),
    path("consults/<uuid:consult_id>/", views_booking.consult_change,
         name="clinic-consult-change"),
    path("consults/<uuid:consult_id>/remove/", views_booking.consult_remove,
         name="clinic-consult-remove"),
]
