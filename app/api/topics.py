"""/api/topics: the topic taxonomy."""

from fastapi import APIRouter
from pydantic import BaseModel

from app.deps import SessionDep
from app.services.topics import list_topics

router = APIRouter(prefix="/api", tags=["topics"])


class TopicPublic(BaseModel):
    name: str
    slug: str


class TopicList(BaseModel):
    data: list[TopicPublic]


@router.get("/topics", response_model=TopicList)
def topics(session: SessionDep):
    return TopicList(data=[TopicPublic(name=t.name, slug=t.slug) for t in list_topics(session)])
