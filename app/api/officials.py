"""/api/officials?q=: officials by name or alias (misspellings too); all of them without q."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import SessionDep
from app.schemas import OfficialList, OfficialPublic
from app.services.official_profile import aliases_by_official, directory

router = APIRouter(prefix="/api", tags=["officials"])


@router.get("/officials", response_model=OfficialList)
def officials(session: SessionDep, q: Annotated[str, Query(max_length=200)] = ""):
    entries = directory(session=session, q=q, everyone=True)
    aliases = aliases_by_official(session=session, ids=[e.official.id for e in entries])
    return OfficialList(
        data=[
            OfficialPublic(
                id=e.official.id,
                name=e.official.name,
                slug=e.official.slug,
                country=e.official.country,
                aliases=[a for a in aliases[e.official.id] if a != e.official.name],
            )
            for e in entries
        ]
    )
