"""What learners do, stored anonymously: feedback per lesson and language."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from lesson_toolkit.authoring.database import Base


class Feedback(Base):
    """One "Was this helpful?" answer; `voter` is a random per-browser id, not a person."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson: Mapped[str] = mapped_column(String(80), index=True)
    lang: Mapped[str] = mapped_column(String(12))
    helpful: Mapped[bool]
    voter: Mapped[str] = mapped_column(String(40))
    created: Mapped[datetime] = mapped_column(default=lambda: datetime.now(UTC), server_default=func.now())

    __table_args__ = (UniqueConstraint("lesson", "voter", name="one_vote_per_browser"),)
