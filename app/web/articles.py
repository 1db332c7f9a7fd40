"""/articles/{id}: a stored article (what was ingested), with the events that cite it."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep
from app.services.articles import events_citing, get_article
from app.web.ingest import ArticleId
from app.web.rendering import render

router = APIRouter()


@router.get("/articles/{article_id}", response_class=HTMLResponse, name="article_page")
def article_page(request: Request, session: SessionDep, article_id: ArticleId) -> HTMLResponse:
    article = get_article(session, article_id)
    if article is None:
        raise HTTPException(404, "No such article")
    return render(request, "articles/show.html",
                  {"article": article, "events": events_citing(session, article_id)})
