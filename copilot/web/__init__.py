"""Server-rendered pages for reviewers, managers and reps, on the API's own rules and data functions."""

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from copilot.web import account_pages, auth_pages, review_pages

router = APIRouter()


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    """The server's root leads to the pages: /web signs the visitor in, then lands on their role's page."""
    return RedirectResponse("/web", status_code=303)


router.include_router(auth_pages.router)
router.include_router(review_pages.router)
router.include_router(account_pages.router)

__all__ = ["router"]
