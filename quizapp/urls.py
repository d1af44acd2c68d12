from django.urls import path

from .views import sources

urlpatterns = [
    path("", sources.home, name="home"),
    path("articles/", sources.article_list, name="article_list"),
    path("articles/<slug:slug>/", sources.article_detail, name="article_detail"),
]
