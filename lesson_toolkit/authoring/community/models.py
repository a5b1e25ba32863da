"""The community tables. Places have two levels since 2025: province → commune → village (no
district). A village's `households` is entered by its commune, when it is known.

A tally is never changed: a correction is a new tally whose `corrects_id` points at the one it
corrects, and the league counts only the latest of each chain (a tally nobody corrected).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lesson_toolkit.authoring.database import Base
from lesson_toolkit.authoring.errors import N_

# What a team helps households do; the labels are interface strings.
SKILLS: dict[str, str] = {
    "vneid_installed": N_("VNeID installed"),
    "vneid_level2": N_("VNeID level 2 account"),
    "bank_qr_payment": N_("Pays by bank QR code"),
    "bill_paid_by_qr": N_("Bill paid by QR code"),
    "zalo_safety": N_("Safe use of Zalo"),
    "health_book": N_("Electronic health book"),
    "public_services": N_("Online public services"),
    "selling_online": N_("Selling online"),
}
MAX_TALLY_HOUSEHOLDS = 500  # households one entry may count: more is a typing slip
MAX_VILLAGE_HOUSEHOLDS = 20_000
COMMUNITY_ROLES = ("member", "officer")  # a team member; a commune officer


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Login(Protocol):
    """An account as this part reads it (the workspace's `Account`)."""

    id: int
    username: str
    role: str
    active: bool


class Province(Base):
    __tablename__ = "province"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)


class Commune(Base):
    __tablename__ = "commune"

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    __table_args__ = (UniqueConstraint("province_id", "name", name="one_commune_name_per_province"),)


class Village(Base):
    __tablename__ = "village"

    id: Mapped[int] = mapped_column(primary_key=True)
    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    households: Mapped[int | None]

    __table_args__ = (
        UniqueConstraint("commune_id", "name", name="one_village_name_per_commune"),
        CheckConstraint("households IS NULL OR households >= 0", name="village_households_not_negative"),
    )


class Team(Base):
    """A community digital team; a village may have several, told apart by number."""

    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(default=1)

    __table_args__ = (UniqueConstraint("village_id", "number", name="one_team_number_per_village"),)


class TeamMember(Base):
    """An account (role `member`) in a team."""

    __tablename__ = "team_member"

    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), primary_key=True, index=True)


class CommuneOfficer(Base):
    """An account (role `officer`) looking after a commune's teams."""

    __tablename__ = "commune_officer"

    commune_id: Mapped[int] = mapped_column(ForeignKey("commune.id", ondelete="CASCADE"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"), primary_key=True, index=True)


class Tally(Base):
    """Households of one village helped with one skill in one month, as one volunteer counted.

    `client_id` is made on the phone, so that sending the same entry twice counts it once.
    `lessons`: the slugs of the lessons used, space-separated. No free text, on purpose.
    """

    __tablename__ = "tally"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    # counts are never deleted along with something else: a village or a corrected tally with
    # tallies pointing at it cannot be deleted
    village_id: Mapped[int] = mapped_column(ForeignKey("village.id", ondelete="RESTRICT"))
    month: Mapped[date] = mapped_column(Date)  # the first day of the month
    skill: Mapped[str] = mapped_column(String(32))
    households: Mapped[int]
    lessons: Mapped[str] = mapped_column(String(800), default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    entered_by: Mapped[str] = mapped_column(String(80))  # the login, kept when the account is gone
    entered_at: Mapped[datetime] = mapped_column(default=utc_now)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("tally.id", ondelete="RESTRICT"), unique=True)

    __table_args__ = (
        CheckConstraint(f"households >= 0 AND households <= {MAX_TALLY_HOUSEHOLDS}", name="tally_households_range"),
        # the leagues: one skill, one month, the villages of a commune or a province
        Index("ix_tally_league", "skill", "month", "village_id", "households"),
        Index("ix_tally_village_month", "village_id", "month"),
    )

    @property
    def lesson_slugs(self) -> tuple[str, ...]:
        return tuple(self.lessons.split())
