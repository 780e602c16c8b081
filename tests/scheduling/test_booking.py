from datetime import timedelta

import pytest

from intake.extensions import db
from intake.scheduling import booking
from intake.clock import utcnow
from tests.factories import make_request, make_slot


def test_a_slot_goes_to_one_request_only(app):
    slot = make_slot()
    first, second = make_request(), make_request()
    booking.book(first, slot)
    with pytest.raises(booking.SlotUnavailable):
        booking.book(second, slot)
    db.session.commit()  # the lost race left the transaction usable
    assert first.slot_id == slot.id and second.slot_id is None
    assert booking.find_bookable(slot.public_id) is None


def test_bookable_slots_leave_out_booked_withdrawn_and_too_soon(app):
    open_slot = make_slot(starts_in=timedelta(days=1))
    booked = make_slot(starts_in=timedelta(days=1, hours=1))
    make_slot(starts_in=timedelta(days=1, hours=2), withdrawn=True)
    make_slot(starts_in=timedelta(minutes=30))
    booking.book(make_request(), booked)
    db.session.commit()
    found = booking.bookable_slots(utcnow(), utcnow() + timedelta(days=14))
    assert [s.id for s in found] == [open_slot.id]
    assert booking.find_bookable(open_slot.public_id) == open_slot


def test_release_makes_the_slot_bookable_again(app):
    slot, request = make_slot(), make_request()
    booking.book(request, slot)
    booking.release(request)
    db.session.commit()
    assert booking.find_bookable(slot.public_id) == slot
