"""The home agreement with the citizen (ST-8, ST-9): their own copy, a review, and a move to
another room only with the resident's consent.

Rules (errors with a Danish and English message, nothing changed):

* ``home-copy``: the citizen's copy is handed over on a day the agreement exists, not later
  than today; handing it over again is fine (a new copy after a change).
* ``home-review``: a review is recorded on a day not in the future, and the next review date
  comes after it.
* ``room-move``: a move is recorded before it takes place; an answer (yes or no) needs the day
  the resident was asked, not after the move; a move the resident said no to, or was not asked
  about, is kept on the agreement but never confirmed (:func:`confirm_room_move` refuses it).

The functions are pure: they return the changed agreement to persist.
"""

from __future__ import annotations

import datetime as dt

from carekit.errors import Problem, RecordValidationError
from carekit.i18n import Text
from carekit.model import HomeAgreement, RoomMove, RoomMoveConsent
from carekit.workflows._calendar import local_date

__all__ = ["confirm_room_move", "hand_over_home_copy", "record_room_move", "review_home"]


def _refused(home: HomeAgreement, keyword: str, pointer: str, text: Text) -> RecordValidationError:
    return RecordValidationError(
        home.kind, [Problem(pointer, keyword, text)], record_id=home.record_id
    )


def hand_over_home_copy(home: HomeAgreement, *, on: dt.date, at: dt.datetime) -> HomeAgreement:
    """*home* with the citizen's own copy handed over on *on*."""
    if on > local_date(at):
        raise _refused(
            home,
            "home-copy",
            "/citizen_copy_on",
            Text(
                f"Kopien kan ikke være givet den {on.isoformat()}, som ligger efter i dag.",
                f"The copy cannot have been given on {on.isoformat()}, which is after today.",
            ),
        )
    return home.model_copy(update={"citizen_copy_on": on})


def review_home(
    home: HomeAgreement, *, on: dt.date, next_review: dt.date, at: dt.datetime
) -> HomeAgreement:
    """*home* gone through with the citizen on *on*, next time by *next_review*."""
    if on > local_date(at):
        raise _refused(
            home,
            "home-review",
            "/agreed_with_citizen_on",
            Text(
                f"Gennemgangen den {on.isoformat()} ligger efter i dag. Skriv den, når I har "
                "talt sammen.",
                f"The review on {on.isoformat()} is after today. Record it when you have talked.",
            ),
        )
    if next_review <= on:
        raise _refused(
            home,
            "home-review",
            "/review_date",
            Text(
                "Næste gennemgang skal ligge efter denne. Vælg en senere dato.",
                "The next review must come after this one. Choose a later date.",
            ),
        )
    return home.model_copy(update={"agreed_with_citizen_on": on, "review_date": next_review})


def record_room_move(
    home: HomeAgreement,
    *,
    to_room: str,
    planned_on: dt.date,
    reason: str,
    at: dt.datetime,
    consent: RoomMoveConsent | str = RoomMoveConsent.NOT_ASKED,
    asked_on: dt.date | None = None,
    citizen_words: str | None = None,
) -> HomeAgreement:
    """*home* with a move to *to_room* on *planned_on* and the resident's answer."""
    index = len(home.room_moves)
    pointer = f"/room_moves/{index}"
    answer = RoomMoveConsent(consent)
    if planned_on < local_date(at):
        raise _refused(
            home,
            "room-move",
            f"{pointer}/planned_on",
            Text(
                "En flytning skal skrives, før den sker, så borgeren kan sige ja eller nej.",
                "A move must be recorded before it happens, so the resident can say yes or no.",
            ),
        )
    if answer is not RoomMoveConsent.NOT_ASKED and asked_on is None:
        raise _refused(
            home,
            "room-move",
            f"{pointer}/asked_on",
            Text(
                "Skriv, hvornår borgeren blev spurgt.",
                "Record when the resident was asked.",
            ),
        )
    if asked_on is not None and asked_on > planned_on:
        raise _refused(
            home,
            "room-move",
            f"{pointer}/asked_on",
            Text(
                "Borgeren skal spørges før flytningen, ikke efter.",
                "The resident must be asked before the move, not after.",
            ),
        )
    move = RoomMove(
        to_room=to_room,
        planned_on=planned_on,
        reason=reason,
        consent=answer,
        asked_on=asked_on,
        citizen_words=citizen_words,
    )
    return home.model_copy(update={"room_moves": [*home.room_moves, move]})


def confirm_room_move(home: HomeAgreement, *, index: int) -> RoomMove:
    """The move at *index*, when the resident has said yes to it; refused otherwise."""
    pointer = f"/room_moves/{index}/consent"
    if not 0 <= index < len(home.room_moves):
        raise _refused(
            home,
            "room-move",
            "/room_moves",
            Text(
                f"Aftalen har ingen flytning nummer {index + 1}.",
                f"The agreement has no move number {index + 1}.",
            ),
        )
    move = home.room_moves[index]
    if move.consent is not RoomMoveConsent.AGREED:
        raise _refused(
            home,
            "room-move",
            pointer,
            Text(
                f"Borgeren har ikke sagt ja til at flytte til {move.to_room}. Flyt ikke "
                "borgeren uden samtykke. Tal med borgeren først.",
                f"The resident has not agreed to move to {move.to_room}. Do not move them "
                "without consent. Talk with the resident first.",
            ),
        )
    return move
