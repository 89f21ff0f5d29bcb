"""The web letter page: each image with its OCR status, the reason it is withheld, its anonymised
text, and a "publish this image" box; the approval goes through processors.review like the CLI."""

from __future__ import annotations

from starlette.testclient import TestClient

from napishy.app import App
from processors import audit
from processors.queries import letter_detail
from tests.letters import add_letter
from tests.test_image_review import photo

REASON = "identifier-in-image: name, phone"


def test_letter_page_shows_each_image_its_reason_and_a_publish_box(app: App, web: TestClient, operator) -> None:
    letter_id = add_letter(app.database, "Дарагі Максім!", images=[photo(), photo()], images_approved=False,
                           withheld=[REASON, None])
    with app.database.session() as session:
        from foundation.storage.models import Attachment

        first = session.query(Attachment).filter_by(letter_id=letter_id, position=0).one()
        first.ocr_text = "[name]: [name]\nТэлефон [phone]"
    operator()
    web.cookies.set("napishy_lang", "en")
    page = web.get(f"/letters/{letter_id}").text
    assert f"Withheld: {REASON}" in page and "Text in the image (anonymised, a draft)" in page
    assert '<mark class="redaction">[phone]</mark>' in page
    assert '<input type="checkbox" name="images" value="1" disabled>' in page
    assert '<input type="checkbox" name="images" value="2">' in page  # unticked: publishing is a choice
    assert f'src="/letters/{letter_id}/images/0"' in page and f'src="/letters/{letter_id}/images/1"' in page
    assert web.get(f"/letters/{letter_id}/images/1").headers["content-type"] == "image/jpeg"


def test_ticked_images_are_approved_and_a_forged_withheld_one_is_refused(app: App, web: TestClient,
                                                                        operator) -> None:
    letter_id = add_letter(app.database, "Дарагі Максім!", images=[photo(), photo()], images_approved=False,
                           withheld=[REASON, None])
    csrf = operator()
    forged = web.post(f"/letters/{letter_id}/approve", data={"csrf": csrf, "to": "znak", "images": ["1", "2"]})
    assert "is withheld and cannot be published" in forged.text
    assert letter_detail(app.database, letter_id)["status"] == "pending"
    web.post(f"/letters/{letter_id}/approve", data={"csrf": csrf, "to": "znak", "images": "2"})
    detail = letter_detail(app.database, letter_id)
    assert detail["status"] == "approved"
    assert [a["published"] for a in detail["attachments"]] == [False, True]
    assert audit.entries(app.database, letter_id=letter_id)[-1].detail == "images 2"


def test_approving_with_no_box_ticked_publishes_no_image(app: App, web: TestClient, operator) -> None:
    letter_id = add_letter(app.database, "Дарагі Максім!", images=[photo()], images_approved=False)
    csrf = operator()
    web.post(f"/letters/{letter_id}/approve", data={"csrf": csrf, "to": "znak"})
    detail = letter_detail(app.database, letter_id)
    assert detail["status"] == "approved" and not detail["attachments"][0]["published"]
    assert audit.entries(app.database, letter_id=letter_id)[-1].detail == "no images"
