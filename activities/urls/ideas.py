"""URLs for the idea catalogue (idékatalog), the prioritising and the year's themes (names in
the "activities" namespace, mounted at /<council>/intern/)."""

from django.urls import path

from activities.views import ideas, themes

urlpatterns = [
    path("idekatalog/", ideas.idea_list, name="ideas"),
    path("idekatalog/ny/", ideas.idea_create, name="idea_create"),
    path("idekatalog/brainstorm/", ideas.idea_brainstorm, name="idea_brainstorm"),
    path("idekatalog/prioriter/", ideas.idea_vote, name="idea_vote"),
    path("idekatalog/resultat/", ideas.idea_results, name="idea_results"),
    path("idekatalog/<int:pk>/", ideas.idea_detail, name="idea"),
    path("idekatalog/<int:pk>/udsaet/", ideas.idea_postpone, name="idea_postpone"),
    path("temaer/", themes.theme_list, name="themes"),
    path("temaer/vaelg/", ideas.themes_choose, name="themes_choose"),
    path("temaer/ny/", themes.theme_create, name="theme_create"),
    path("temaer/<int:pk>/", themes.theme_detail, name="theme"),
    path("temaer/<int:pk>/koblinger/", themes.theme_links, name="theme_links"),
    path("temaer/<int:pk>/udsaet/", themes.theme_postpone, name="theme_postpone"),
]
