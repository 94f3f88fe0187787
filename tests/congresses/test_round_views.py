"""Pages of a round and of pilot selection: who sees and who acts."""

from congresses.models import Candidate, Round
from tests.congresses.conftest import classification


def test_province_sets_up_a_round_in_the_browser(st, client_as):
    c = client_as(st.province_btt)
    response = c.post(
        "/dai-hoi/dot/moi/", {"committee": st.province.pk, "preset": "2024-2029", "title": "Đại hội điểm 2024-2029"}
    )
    rnd = Round.objects.get()
    assert response.status_code == 302 and rnd.levels.count() == 2
    page = c.get(f"/dai-hoi/dot/{rnd.pk}/").content.decode()
    assert "10/12/2023" in page and "Đảng ủy phường" in page
    # a level's window edited; a wrong one re-rendered with the values typed
    level = rnd.levels.get(tier="commune")
    bad = c.post(
        f"/dai-hoi/cap/{level.pk}/",
        {
            "window_start": "15/01/2024",
            "window_end": "01/01/2024",
            "max_days": 1,
            "max_sessions": 2,
            "over_limit": "refuse",
        },
    )
    assert bad.status_code == 200 and "15/01/2024" in bad.content.decode()
    bad_target = c.post(f"/dai-hoi/dot/{rnd.pk}/chi-tieu-co-cau/", {"non_party_min": "40", "non_party_max": "30"})
    assert bad_target.status_code == 200 and "nhỏ hơn mức tối thiểu" in bad_target.content.decode()
    assert (
        c.post(f"/dai-hoi/dot/{rnd.pk}/chi-tieu-co-cau/", {"non_party_min": "25", "non_party_max": "27,5"}).status_code
        == 302
    )
    assert str(rnd.targets.get(share="non_party").max_percent) == "27.50"


def test_round_pages_access(st, round24, client_as):
    url = f"/dai-hoi/dot/{round24.pk}/"
    assert client_as(st.officer).get(url).status_code == 200  # a unit under the province sees the rules
    assert client_as(st.other_province_btt).get(url).status_code == 404
    assert client_as(st.other_province_officer).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302
    assert (
        client_as(st.city_btt).get(f"/dai-hoi/dot/{round24.pk}/chi-tieu-co-cau/").status_code == 404
    )  # not the organiser
    level = round24.levels.first()
    assert client_as(st.officer).get(f"/dai-hoi/cap/{level.pk}/").status_code == 404
    assert client_as(st.officer).get("/dai-hoi/dot/moi/").status_code == 404


def test_pilot_selection_in_the_browser(st, round24, client_as, monkeypatch):
    monkeypatch.setattr("inspections.selectors.latest_classification", lambda *, committee: classification())
    city = client_as(st.city_btt)
    assert city.post(f"/dai-hoi/dot/{round24.pk}/de-xuat/", {"committee": st.ward.pk}).status_code == 302
    candidate = Candidate.objects.get(committee=st.ward)
    page = city.get(f"/dai-hoi/de-xuat/{candidate.pk}/").content.decode()
    assert "Vững mạnh" in page and "/kiem-tra/dot/1/ket-qua/" in page
    criteria = list(round24.criteria.all())
    data = {f"met_{c.pk}": "1" for c in criteria} | {f"evidence_{c.pk}": "Có" for c in criteria}
    strong = round24.criteria.get(key="strong")
    # an override of the inspection band without a reason is refused, nothing saved, values kept
    bad = city.post(f"/dai-hoi/de-xuat/{candidate.pk}/", {**data, f"met_{strong.pk}": "0"})
    assert bad.status_code == 400 and "cần ghi lý do" in bad.content.decode()
    assert candidate.answers.count() == 1
    assert city.post(f"/dai-hoi/de-xuat/{candidate.pk}/", data).status_code == 302
    no_reason = city.post(f"/dai-hoi/de-xuat/{candidate.pk}/chon/", {"reason": ""})
    assert no_reason.status_code == 400
    assert city.post(f"/dai-hoi/de-xuat/{candidate.pk}/chon/", {"reason": "Phường trung tâm"}).status_code == 302
    assert candidate.round.congresses.get().chosen_reason == "Phường trung tâm"
    # others cannot assess this candidate
    assert client_as(st.district_btt).get(f"/dai-hoi/de-xuat/{candidate.pk}/").status_code == 404
    assert client_as(st.officer).get(f"/dai-hoi/de-xuat/{candidate.pk}/").status_code == 404
    assert client_as(st.other_province_btt).get(f"/dai-hoi/de-xuat/{candidate.pk}/").status_code == 404
    # a district cannot propose a unit of another district
    assert (
        client_as(st.district_btt).post(f"/dai-hoi/dot/{round24.pk}/de-xuat/", {"committee": st.ward2.pk}).status_code
        == 302
    )
    assert not Candidate.objects.filter(committee=st.ward2).exists()


def test_chain_edited_in_the_browser_follows_into_unsent_dossiers_and_freezes_once_sent(st, round24, pilot, client_as):
    from congresses.models import ChainStep

    level = round24.levels.get(tier="commune")
    c = client_as(st.province_btt)
    data = {"party_on": "on", "party_label": "Đảng ủy phường", "province_on": "on", "province_label": ""}
    assert c.post(f"/dai-hoi/cap/{level.pk}/chuoi-phe-duyet/", data).status_code == 302
    assert [s.kind for s in level.chain.all()] == [ChainStep.Kind.PARTY, ChainStep.Kind.PROVINCE]
    pilot.case.refresh_from_db()
    assert [s.committee_id for s in pilot.case.steps.order_by("position")] == [None, st.province.pk]
    assert client_as(st.city_btt).get(f"/dai-hoi/cap/{level.pk}/chuoi-phe-duyet/").status_code == 404
    empty = c.post(f"/dai-hoi/cap/{level.pk}/chuoi-phe-duyet/", {})
    assert empty.status_code == 200 and "ít nhất một cấp" in empty.content.decode()
    pilot.case.sent_at = pilot.case.created_at
    pilot.case.save()
    frozen = c.post(f"/dai-hoi/cap/{level.pk}/chuoi-phe-duyet/", {**data, "district_on": "on"})
    assert "không đổi chuỗi" in frozen.content.decode()


def test_dossier_list_edited_until_a_dossier_is_sent(st, round24, pilot, client_as):
    c = client_as(st.province_btt)
    assert (
        c.post(
            f"/dai-hoi/dot/{round24.pk}/tai-lieu/", {"label": "Báo cáo tài chính nhiệm kỳ", "required": "on"}
        ).status_code
        == 302
    )
    document = round24.documents.get(label="Báo cáo tài chính nhiệm kỳ")
    assert pilot.case.items.filter(key=document.key, required=True).exists()  # the unsent dossier follows
    assert client_as(st.city_btt).post(f"/dai-hoi/dot/{round24.pk}/tai-lieu/", {"label": "X"}).status_code == 404
    assert client_as(st.officer).post(f"/dai-hoi/tai-lieu-ho-so/{document.pk}/xoa/").status_code == 404
    assert c.post(f"/dai-hoi/tai-lieu-ho-so/{document.pk}/xoa/").status_code == 302
    assert not pilot.case.items.filter(key=document.key).exists()
    pilot.case.sent_at = pilot.case.created_at
    pilot.case.save()
    refused = c.post(f"/dai-hoi/dot/{round24.pk}/tai-lieu/", {"label": "Thêm nữa"}, follow=True)
    assert "không thêm, bớt tài liệu" in refused.content.decode()
    assert not round24.documents.filter(label="Thêm nữa").exists()


def test_removing_a_document_asks_first_and_is_not_offered_once_a_dossier_is_sent(st, round24, pilot, client_as):
    c = client_as(st.province_btt)
    document = round24.documents.get(key="resolution")
    page = c.get(f"/dai-hoi/dot/{round24.pk}/").content.decode()
    form = page.split(f'action="/dai-hoi/tai-lieu-ho-so/{document.pk}/xoa/"')[1].split(">")[0]
    assert 'data-confirm="Bỏ “Dự thảo Nghị quyết Đại hội” khỏi danh mục hồ sơ?' in form
    pilot.case.sent_at = pilot.case.created_at
    pilot.case.save()
    page = c.get(f"/dai-hoi/dot/{round24.pk}/").content.decode()
    assert "/tai-lieu-ho-so/" not in page and f"/dai-hoi/dot/{round24.pk}/tai-lieu/" not in page
    assert "không thêm, bớt tài liệu được nữa" in page
