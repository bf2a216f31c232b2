"""Areas (街镇/园区) kept in the portal by county staff: create, edit, order, audit trail, Chinese refusals."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organizations import services
from organizations.models import Area


def test_the_area_list_offers_new_to_county_staff_only(world, county_admin, area_reviewer, as_user):
    assert "新增" in as_user(county_admin).get(reverse("organizations:area_list")).content.decode()
    assert "新增" not in as_user(area_reviewer).get(reverse("organizations:area_list")).content.decode()


def test_county_staff_add_an_area_through_the_page_and_it_goes_to_the_end(world, county_admin, as_user):
    client = as_user(county_admin)
    response = client.post(reverse("organizations:area_create"), {"name": " 丙镇 ", "kind": "town", "code": "C"})
    area = Area.objects.get(name="丙镇")
    assert response["Location"] == reverse("organizations:area_detail", args=[area.pk])
    assert area.sort_order > max(world.area_a.sort_order, world.area_b.sort_order)
    page = client.get(response["Location"]).content.decode()
    assert "修改记录" in page and "新建" in page and "尚未建立" in page


def test_a_repeated_name_or_code_is_refused_in_chinese_and_nothing_is_saved(world, county_admin, as_user):
    before = Area.objects.count()
    response = as_user(county_admin).post(
        reverse("organizations:area_create"), {"name": "甲镇", "kind": "town", "code": "B"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "已有名为“甲镇”的街镇/园区" in page
    assert "编码“B”已被其他街镇/园区使用" in page
    assert Area.objects.count() == before


def test_a_blank_form_names_every_missing_field_in_chinese(world, county_admin):
    with pytest.raises(ValidationError) as caught:
        services.area_create(by=county_admin, name=" ", kind="", code="")
    assert set(caught.value.message_dict) == {"name", "kind", "code"}
    assert "请填写街镇/园区名称" in caught.value.message_dict["name"][0]


def test_only_county_staff_may_add_or_change_areas(world, area_reviewer):
    with pytest.raises(ValidationError, match="只有县级管理员"):
        services.area_create(by=area_reviewer, name="丙镇", kind="town", code="C")
    with pytest.raises(ValidationError, match="只有县级管理员"):
        services.area_update(by=area_reviewer, area=world.area_a, name="改名")
    world.area_a.refresh_from_db()
    assert world.area_a.name == "甲镇"


def test_an_edit_is_saved_and_shows_in_the_audit_trail_with_who_and_what(world, county_admin, as_user):
    client = as_user(county_admin)
    url = reverse("organizations:area_update", args=[world.area_a.pk])
    response = client.post(url, {"name": "甲街道", "kind": "street", "code": "A", "sort_order": 5})
    assert response.status_code == 302
    world.area_a.refresh_from_db()
    assert (world.area_a.name, world.area_a.kind, world.area_a.sort_order) == ("甲街道", "street", 5)
    page = client.get(reverse("organizations:area_detail", args=[world.area_a.pk])).content.decode()
    assert "甲镇</del> → 甲街道" in page
    assert "县管理员" in page


def test_moving_an_area_up_swaps_it_with_its_neighbour(world, county_admin, as_user):
    third = services.area_create(by=county_admin, name="丙镇", kind="town", code="C")
    client = as_user(county_admin)
    response = client.post(reverse("organizations:area_move", args=[third.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert list(Area.objects.values_list("name", flat=True)) == ["甲镇", "丙镇", "乙镇"]
    client.post(reverse("organizations:area_move", args=[third.pk]), {"direction": "up"})
    client.post(reverse("organizations:area_move", args=[third.pk]), {"direction": "up"})  # already first
    assert list(Area.objects.values_list("name", flat=True)) == ["丙镇", "甲镇", "乙镇"]


def test_only_county_staff_may_move_an_area_and_get_requires_post(world, area_reviewer, county_admin, as_user):
    url = reverse("organizations:area_move", args=[world.area_b.pk])
    assert as_user(area_reviewer).post(url, {"direction": "up"}).status_code == 404
    assert as_user(county_admin).get(url).status_code == 405
    assert list(Area.objects.values_list("name", flat=True)) == ["甲镇", "乙镇"]
