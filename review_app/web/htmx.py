"""The one place that knows whether a request came from htmx and what that changes."""

from flask import Response, make_response, render_template, request


def is_htmx() -> bool:
    # A history restore wants a whole page even though htmx sends it.
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def page_or_fragment(
    page_template: str, fragment_template: str, *, status: int = 200, **context
) -> Response:
    """Render the fragment for htmx and the full page otherwise, from the same context."""
    template = fragment_template if is_htmx() else page_template
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response
