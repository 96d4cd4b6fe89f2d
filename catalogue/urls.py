from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.home, name="home"),
    path("case-studies/", views.casestudy_list, name="casestudy_list"),
    path("case-studies/<slug:slug>/", views.casestudy_detail, name="casestudy_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/<slug:slug>/", views.project_detail, name="project_detail"),
    path("donors/", views.donor_list, name="donor_list"),
    path("donors/<slug:slug>/", views.donor_detail, name="donor_detail"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<slug:slug>/", views.region_detail, name="region_detail"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path(
        "collaboration-types/<slug:slug>/",
        views.collaborationtype_detail,
        name="collaborationtype_detail",
    ),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("exchange-rates/", views.exchange_rates, name="exchange_rates"),
]
