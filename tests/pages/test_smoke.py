import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/poli/",
        "/poli/tnt/",
        "/poli/tnt/partner/",
        "/soggetti/istituto-capofila/",
        "/privacy/",
        "/note-legali/",
    ],
)
def test_public_pages_render(client, net, url):
    response = client.get(url)
    assert response.status_code == 200
