from bs4 import BeautifulSoup


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_unknown_page_is_an_app_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.h1.get_text() == "Page not found"
    assert soup.find("a", href="/") is not None


def test_unknown_api_path_is_json(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
