"""Server-rendered pages for reviewers, managers and reps, on the API's own rules and data functions."""

from fastapi import APIRouter

from copilot.web import account_pages, auth_pages, review_pages

router = APIRouter()
router.include_router(auth_pages.router)
router.include_router(review_pages.router)
router.include_router(account_pages.router)

__all__ = ["router"]
