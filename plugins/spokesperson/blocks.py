from .models import Spokesperson


def card_context(request, portal, placement):
    people = list(Spokesperson.objects.current().filter(portal=portal).order_by("sort_order", "name")[: placement.limit or 5])
    return {"spokespersons": people}
