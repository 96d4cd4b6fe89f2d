from django.urls import path

from catalogue.views import browse, charts, compare, pages, records

app_name = "catalogue"

urlpatterns = [
    path("", pages.home, name="home"),
    # Lists: browse, filter, search, export.
    path("case-studies/", browse.casestudy_list, name="casestudy_list"),
    path("organisations/", browse.organisation_list, name="organisation_list"),
    path("projects/", browse.project_list, name="project_list"),
    path("donors/", browse.donor_list, name="donor_list"),
    path("search/", browse.search, name="search"),
    # Records.
    path("case-studies/<slug:slug>/", records.casestudy_detail, name="casestudy_detail"),
    path("organisations/<slug:slug>/", records.organisation_detail, name="organisation_detail"),
    path("projects/<slug:slug>/", records.project_detail, name="project_detail"),
    path("donors/<slug:slug>/", records.donor_detail, name="donor_detail"),
    path("regions/", records.region_list, name="region_list"),
    path("regions/<slug:slug>/", records.region_detail, name="region_detail"),
    path("themes/", records.vocabulary_list, name="vocabulary_list"),
    path("themes/<slug:slug>/", records.theme_detail, name="theme_detail"),
    path(
        "collaboration-types/<slug:slug>/",
        records.collaborationtype_detail,
        name="collaborationtype_detail",
    ),
    # Compare 2 to 4 records side by side.
    path("compare/add/", compare.compare_add, name="compare_add"),
    path("compare/remove/", compare.compare_remove, name="compare_remove"),
    path("compare/<str:kind>/", compare.compare, name="compare"),
    # Sources and methods.
    path("sources/", pages.source_list, name="source_list"),
    path("sources/<slug:slug>/", pages.source_detail, name="source_detail"),
    path("exchange-rates/", pages.exchange_rates, name="exchange_rates"),
    path("data-quality/", pages.data_quality, name="data_quality"),
    path("about/", pages.about, name="about"),
    # Charts and the region map.
    path("charts/", charts.charts, name="charts"),
    path("map/", charts.region_map, name="map"),
]
