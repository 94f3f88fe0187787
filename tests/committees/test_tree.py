import pytest

from committees.models import Committee
from tests.conftest import make_committee


def build_chain(depth):
    node = None
    for i in range(depth):
        node = make_committee(f"n{depth}-{i}", f"Cấp {i}", f"Cấp {i}", node)
    return node


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [2, 8])
def test_ancestors_take_one_query_whatever_the_depth(django_assert_num_queries, depth):
    leaf = build_chain(depth)
    leaf = Committee.objects.get(pk=leaf.pk)
    with django_assert_num_queries(1):
        names = [c.name for c in leaf.ancestors()]
    assert names == [f"Cấp {i}" for i in range(depth - 1)]


@pytest.mark.django_db
def test_descendants_take_one_query_whatever_the_size(django_assert_num_queries):
    root = make_committee("root", "Tỉnh", "Tỉnh")
    for d in range(3):
        district = make_committee(f"d{d}", f"Huyện {d}", "Huyện", root)
        for c in range(10):
            make_committee(f"d{d}-c{c}", f"Xã {d}.{c}", "Xã", district)
    with django_assert_num_queries(1):
        assert len(list(root.descendants())) == 33


@pytest.mark.django_db
def test_moving_a_committee_moves_its_subtree(tree):
    ward = make_committee("tp-a-p1-khu", "Khu phố 1", "Khu phố", tree.ward_a1)
    tree.ward_a1.parent = tree.city_b
    tree.ward_a1.save()
    ward.refresh_from_db()
    assert ward.path.startswith(tree.city_b.path)
    assert ward.depth == 3
    assert [c.code for c in ward.ancestors()] == ["tinh", "tp-b", "tp-a-p1"]
    assert not ward.is_within(tree.city_a)


@pytest.mark.django_db
def test_a_committee_cannot_be_put_under_its_own_descendant(tree):
    from django.core.exceptions import ValidationError

    tree.city_a.parent = tree.ward_a1
    with pytest.raises(ValidationError) as err:
        tree.city_a.full_clean()
    assert "parent" in err.value.message_dict


@pytest.mark.django_db
def test_invalid_committee_email_is_refused_in_vietnamese(tree):
    from django.core.exceptions import ValidationError

    tree.ward_a1.emails = "dung@mttq.example, sai-dia-chi"
    with pytest.raises(ValidationError) as err:
        tree.ward_a1.full_clean()
    assert "không hợp lệ" in str(err.value.message_dict["emails"])
