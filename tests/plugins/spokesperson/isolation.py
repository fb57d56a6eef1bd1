"""Admin isolation checks shared by the sidebar plugins' tests (spokesperson, links)."""

from django.urls import NoReverseMatch, reverse

OBJECT_ROUTES = ("edit", "delete", "inspect", "history", "usage")


def admin_url(model, view, *args):
    return reverse(model.snippet_viewset.get_url_name(view), args=args)


def chooser_url(model, view, *args):
    return reverse(model.snippet_viewset.chooser_viewset.get_url_name(view), args=args)


def assert_isolated(client, user, obj, secret, host):
    """``user`` (of another portal) cannot list, open, choose or change ``obj``."""
    model = type(obj)
    client.force_login(user)
    listing = client.get(admin_url(model, "list"), HTTP_HOST=host)
    assert listing.status_code == 200
    assert secret not in listing.content.decode()
    results = client.get(admin_url(model, "list_results") + f"?q={secret[:6]}", HTTP_HOST=host)
    assert secret not in results.content.decode()
    for view in OBJECT_ROUTES:
        try:
            url = admin_url(model, view, obj.pk)
        except NoReverseMatch:
            continue
        response = client.get(url, HTTP_HOST=host)
        assert response.status_code in (403, 404), (view, response.status_code)
        assert secret not in response.content.decode()
    # Guessed ids that do not exist or are malformed: 404, never 500.
    for raw in (obj.pk + 10_000, "abc"):
        response = client.get(f"{admin_url(model, 'list')}edit/{raw}/", HTTP_HOST=host)
        assert response.status_code in (403, 404)
    response = client.post(admin_url(model, "delete", obj.pk), HTTP_HOST=host)
    assert response.status_code in (403, 404)
    assert model.objects.filter(pk=obj.pk).exists()
    chooser = client.get(chooser_url(model, "choose"), HTTP_HOST=host)
    assert secret not in chooser.content.decode()
    chooser = client.get(chooser_url(model, "choose_results") + f"?q={secret[:6]}", HTTP_HOST=host)
    assert secret not in chooser.content.decode()
    chosen = client.get(chooser_url(model, "chosen", obj.pk), HTTP_HOST=host)
    assert chosen.status_code in (403, 404)
    assert secret not in chosen.content.decode()
