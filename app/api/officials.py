"""/api/officials."""

from fastapi import APIRouter

router = APIRouter(prefix="/api")
