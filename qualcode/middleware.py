"""A page for a method a page address does not take (405): Django's answer is an empty body,
which a browser shows as a blank page. The API keeps its own JSON answers."""

from django.shortcuts import render


class MethodNotAllowedPage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or request.path.startswith("/api/") or response.content:
            return response
        allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
        page = render(
            request, "405.html", {"allowed": allowed, "method": request.method}, status=405
        )
        page["Allow"] = response["Allow"]
        return page
