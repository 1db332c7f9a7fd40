"""/api/topics."""

from fastapi import APIRouter

router = APIRouter(prefix="/api")
