from django import template

register = template.Library()


@register.filter
def alpha_band(value: float | None | str) -> str:
    """The colour band of an agreement coefficient: Krippendorff's 0.8 reliable, 0.667 the
    lowest for tentative conclusions; "" cells (the empty half of a heatmap) stay blank."""
    if value == "":
        return "empty"
    if value is None:
        return "undefined"
    return "good" if value >= 0.8 else "fair" if value >= 0.667 else "poor"
