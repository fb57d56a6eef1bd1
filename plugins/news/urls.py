from django.urls import path

from plugins.news import feeds, views

urlpatterns = [
    path("rss/", feeds.NewsFeed(), name="feed"),
    path("rss/<int:pk>/", feeds.CategoryFeed(), name="category-feed"),
    path("feeds/", views.feed_list, name="feeds"),
    path("tag/<str:slug>/", views.tag_articles, name="tag"),
    path("view/<int:pk>/", views.view_beacon, name="view"),
]
