"""Writing a news item starts from the Newsroom menu or the dashboard, for those who may."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from wagtail.users.models import UserProfile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]

WRITERS = ["admin", "Editors", "Moderators"]
NOT_WRITERS = ["Register managers"]


def client_for(group: str) -> Client:
    if group == "admin":
        user = User.objects.create_superuser("news-admin", "a@example.org", "x")
    else:
        user = User.objects.create_user(f"news-{group.replace(' ', '-')}", password="x")
        user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "it"
    profile.save()
    client = Client()
    client.force_login(user)
    return client


def sidebar(html: str) -> str:
    return re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)


@pytest.mark.parametrize("group", WRITERS)
def test_writers_find_a_new_news_item_in_the_menu_and_on_the_dashboard(group, news_index):
    client = client_for(group)
    dashboard = client.get("/admin/").content.decode()
    menu = sidebar(dashboard)
    assert '"label": "Nuova notizia"' in menu
    assert '"url": "/admin/news/new/"' in menu
    # The dashboard panel leads to the same place.
    panel = re.search(r'id="new-news-item-content".*?</div>', dashboard, re.S).group(0)
    assert 'href="/admin/news/new/"' in panel and "Nuova notizia" in panel

    response = client.get("/admin/news/new/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/add/news/newspage/{news_index.pk}/"
    form = client.get(response["Location"])
    assert form.status_code == 200  # the create form of a news item under the Italian newsroom
    assert news_index.locale.language_code == "it"


@pytest.mark.parametrize("group", NOT_WRITERS)
def test_people_who_may_not_write_news_see_neither_entry(group):
    client = client_for(group)
    dashboard = client.get("/admin/").content.decode()
    assert "Nuova notizia" not in dashboard
    assert "/admin/news/new/" not in dashboard
    # Wagtail's answer to a refused admin address: back to the dashboard, with a message.
    refused = client.get("/admin/news/new/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def test_the_entry_comes_first_in_the_newsroom_menu(news_index):
    menu = sidebar(client_for("Editors").get("/admin/").content.decode())
    newsroom = menu[menu.index('"name": "newsroom"') :]
    assert newsroom.index("Nuova notizia") < newsroom.index("/admin/snippets/news/")
