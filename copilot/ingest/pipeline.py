"""Run a connector over a location and store what it yields: SQL first, then vectors, in batches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from pydantic import Field
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from connectors.base import (
    AccountRecord,
    ConnectorItem,
    IngestFailure,
    InteractionRecord,
)
from connectors.resolution import classify_direction
from copilot.container import Services
from copilot.db.models import Chunk, Interaction
from copilot.db.session import write_lock_first
from copilot.errors import InvalidInputError
from copilot.ingest.audience import OurPeople, classify_audience, invites_outsiders, record_speaker_sides
from copilot.ingest.crash import CrashHook
from copilot.ingest.grant import IngestGrant
from copilot.ingest.indexer import VectorSync, chunk_rows, rebuild_chunks
from copilot.ingest.resolve import AccountResolver
from copilot.ingest.store import (
    KnownInteractions,
    Outcome,
    existing_interactions,
    upsert_account,
    upsert_contact,
    upsert_interaction,
)
from copilot.shapes import Shape


class FailedItem(Shape):
    """An item an ingest could not take: where it was, and why."""

    path: str = Field(description="the file (and item) it came from")
    error: str


class IngestReportPublic(Shape):
    """What an ingest did: counts by outcome, and every item it could not take."""

    new: int
    updated: int
    unchanged: int
    deleted: int
    failed: list[FailedItem]


@dataclass
class IngestReport:
    """Counts of what an ingest did, and every item it could not take, by location."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    chunks: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        """Add one item's outcome."""
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    def public(self) -> IngestReportPublic:
        """The documented shape (the API's answer and the CLI's `--json`)."""
        return IngestReportPublic(
            new=self.new,
            updated=self.updated,
            unchanged=self.unchanged,
            deleted=self.deleted,
            failed=[FailedItem(path=f["path"], error=f["error"]) for f in self.failed],
        )

    def as_json(self) -> dict[str, Any]:
        """The JSON of `public()`."""
        return self.public().model_dump(mode="json")


def _batches(items: Iterable[ConnectorItem], size: int) -> Iterator[list[ConnectorItem]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@dataclass
class _Batch:
    """One SQL transaction's working state: its session, lookups, and what must be (re)indexed."""

    session: Session
    resolver: AccountResolver
    known: KnownInteractions
    people: OurPeople
    pending: list[int] = field(default_factory=list)
    stale: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Rows stored by this batch, and those whose chunks must be rebuilt (True: inserted in this batch,
    # so no chunks to delete). Both wait for the batch's one flush, which gives new rows their ids.
    stored: list[Interaction] = field(default_factory=list)
    to_chunk: dict[Interaction, bool] = field(default_factory=dict)

    def finish(self, seen: set[int]) -> None:
        """Insert the batch's new rows in one flush, then their chunks in one INSERT; rebuild the
        chunks of changed rows."""
        self.session.flush()
        seen.update(row.id for row in self.stored)
        new_chunks: list[dict[str, Any]] = []
        for row, fresh in self.to_chunk.items():
            if fresh:  # inserted by this batch: no chunks to look up or replace
                new_chunks.extend(chunk_rows(row))
            else:
                self.stale[row.account_id].extend(rebuild_chunks(self.session, row))
            self.pending.append(row.id)
        if new_chunks:
            self.session.execute(insert(Chunk), new_chunks)


@dataclass
class VectorBacklog:
    """Interactions stored in SQL whose vectors are not written yet, and the chunk ids they replaced.

    One backlog may span several ingest runs (a sample load of six files): every Chroma write costs a
    fixed ~10-50 ms per account, so fewer, larger writes are most of what ingest speed is made of.
    """

    ids: list[int] = field(default_factory=list)
    stale: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, ids: list[int], stale: dict[int, list[str]]) -> None:
        """Queue one SQL batch's interactions (an interaction seen twice is queued once)."""
        queued = set(self.ids)
        self.ids.extend(i for i in dict.fromkeys(ids) if i not in queued)
        for account_id, chunk_ids in stale.items():
            self.stale[account_id].extend(chunk_ids)

    def __len__(self) -> int:
        return len(self.ids)

    def take(self) -> tuple[list[int], dict[int, list[str]]]:
        """Everything queued, leaving the queue empty."""
        taken = (self.ids, dict(self.stale))
        self.ids, self.stale = [], defaultdict(list)
        return taken


@dataclass
class IngestPipeline:
    """Stores connector output for one ingest run."""

    services: Services
    forced_account_id: int | None = None
    origin: str = ""
    progress: Callable[[int], None] | None = None
    # Shared with other runs by the caller, who then writes what is left (`write_vectors`); by
    # default each run writes all of its own vectors before it returns.
    backlog: VectorBacklog | None = None
    # What this run may change (the caller's rights); the CLI and sample load hold the full grant.
    grant: IngestGrant = field(default_factory=IngestGrant)
    hook: CrashHook = field(init=False)

    def __post_init__(self) -> None:
        self.hook = CrashHook.parse(self.services.settings.test_crash_at)

    @property
    def batch_size(self) -> int:
        """Items per SQL transaction (vectors are written per `ingest_index_batch_size` interactions)."""
        return self.services.settings.ingest_batch_size

    def run(self, items: Iterable[ConnectorItem], *, sync: bool = False) -> IngestReport:
        """Ingest everything; with `sync`, delete interactions of this origin that were not seen
        (only in the forced account, when there is one).

        Vectors are written once per `ingest_index_batch_size` interactions, not per SQL batch: the
        rows stay `pending` until then, so a crash in between is repaired by the next run. With a
        shared `backlog`, what is left under that size stays queued for the caller to write.
        """
        report = IngestReport()
        seen: set[int] = set()
        self.resume_pending(report)
        backlog = self.backlog if self.backlog is not None else VectorBacklog()
        for batch in _batches(items, self.batch_size):
            pending, stale = self._store_batch(batch, report, seen)
            self.hook.reached("after_sql_commit")
            backlog.add(pending, stale)
            if len(backlog) >= self.services.settings.ingest_index_batch_size:
                report.chunks += self.write_vectors(backlog)
            if self.progress:
                self.progress(len(batch))
        if self.backlog is None or (sync and self.origin):
            # A sync deletes vectors of unseen items next; write this run's own first.
            report.chunks += self.write_vectors(backlog)
        # A run with failures may not have seen items that still exist (a bad row, a broken
        # re-export): deleting "unseen" items then would lose data, so the sync waits for a clean run.
        if sync and self.origin and not report.failed:
            report.deleted = self._delete_unseen(seen)
        return report

    def write_vectors(self, backlog: VectorBacklog) -> int:
        """Embed and write every queued interaction's vectors, mark them indexed; returns chunks."""
        return self._vectors().sync(*backlog.take()) if len(backlog) else 0

    def _vectors(self) -> VectorSync:
        s = self.services
        return VectorSync(s.sessions, s.embeddings, s.vector_index, self.hook)

    def resume_pending(self, report: IngestReport) -> None:
        """Finish indexing anything a crashed run left pending (automatic reconciliation)."""
        queued = set(self.backlog.ids) if self.backlog is not None else set()
        with self.services.sessions() as session:
            pending = [
                i
                for i in session.scalars(select(Interaction.id).where(Interaction.index_state == "pending"))
                if i not in queued  # an earlier run of a shared backlog stored them; they are not lost
            ]
        size = self.services.settings.ingest_index_batch_size
        for start in range(0, len(pending), size):
            report.chunks += self._vectors().sync(pending[start : start + size])

    def _store_batch(
        self, batch: list[ConnectorItem], report: IngestReport, seen: set[int]
    ) -> tuple[list[int], dict[int, list[str]]]:
        with self.services.sessions() as session:
            write_lock_first(session)
            # One query for the batch's already-stored interactions instead of one per record.
            identities = [(i.source, i.source_id) for i in batch if isinstance(i, InteractionRecord)]
            state = _Batch(
                session,
                AccountResolver(session, self.services.settings.our_domains),
                existing_interactions(session, identities, account_id=self.forced_account_id),
                OurPeople(session, self.services.settings.our_domains),
            )
            # The lookups between records (accounts, contacts) need no unflushed interaction (the
            # batch's own are in `state.known`), so the new rows wait for one INSERT at the end.
            with session.no_autoflush:
                for position, item in enumerate(batch):
                    self._store_item(state, item, report)
                    if position == len(batch) // 2:
                        session.flush()
                        self.hook.reached("mid_batch")
            state.finish(seen)
            session.commit()
        return state.pending, state.stale

    def _store_item(self, state: _Batch, item: ConnectorItem, report: IngestReport) -> None:
        if isinstance(item, IngestFailure):
            report.failed.append({"path": item.where, "error": item.error})
            return
        session = state.session
        try:
            if isinstance(item, InteractionRecord):
                # No savepoint needed: resolution, the one step that rejects a record, only reads
                # and runs before any write, so a rejected record has written nothing.
                self._store_interaction(state, item, report)
                return
            what = f"{'account' if isinstance(item, AccountRecord) else 'contact'} {item.crm_id}"
            if refusal := self.grant.crm_row_refusal(what):
                raise InvalidInputError(refusal)
            with session.begin_nested():
                if isinstance(item, AccountRecord):
                    report.count(upsert_account(session, item)[1])
                else:
                    report.count(upsert_contact(session, item)[1])
        except InvalidInputError as exc:
            report.failed.append({"path": getattr(item, "raw_ref", "") or "?", "error": str(exc)})
        finally:
            # Accounts and contacts changed (or a savepoint rolled them back): cached lookups are stale.
            if not isinstance(item, InteractionRecord):
                state.resolver.forget()

    def _store_interaction(self, state: _Batch, record: InteractionRecord, report: IngestReport) -> None:
        session = state.session
        resolution = state.resolver.resolve(record, self.forced_account_id)
        if resolution.account_id is None:
            raise InvalidInputError(f"{record.raw_ref}: {resolution.reason}")
        self._check_target(state.known, record, resolution.account_id)
        direction = classify_direction(record.participants, self.services.settings.our_domains)
        if direction.value == "unknown" and record.direction.value != "unknown":
            direction = record.direction
        audience = classify_audience(
            kind=str(record.kind),
            direction=direction.value,
            subject=record.subject,
            text=record.text,
            has_contact=resolution.contact_id is not None,
            invited=invites_outsiders(record.participants, self.services.settings.our_domains),
        )
        row, outcome = upsert_interaction(
            session,
            record,
            account_id=resolution.account_id,
            contact_id=resolution.contact_id,
            direction=direction.value,
            origin=self.origin,
            known=state.known,
            audience=audience,
            speaker_sides=record_speaker_sides(record, state.people, resolution.account_id),
            flush=False,  # the batch inserts its new rows together (`_Batch.finish`)
        )
        state.stored.append(row)
        report.count(outcome)
        if outcome is not Outcome.UNCHANGED or row.index_state != "indexed":
            # A row stored twice in one batch is chunked once, from its last text.
            state.to_chunk.setdefault(row, outcome is Outcome.NEW)

    def _check_target(self, known: KnownInteractions, record: InteractionRecord, account_id: int) -> None:
        """Refuse an item this run may not write, or one the resolver would move between accounts."""
        if refusal := self.grant.account_refusal(account_id):
            raise InvalidInputError(f"{record.raw_ref}: {refusal}")
        identity = (record.source, record.source_id)
        # A forced account is a namespace of its own: another account's item of this identity is a
        # different item (and naming it would tell the uploader it exists). Without one, the resolver
        # placed the item, and an identity stored only under other accounts means the source moved it.
        if self.forced_account_id is not None or (account_id, *identity) in known.rows:
            return
        if others := known.other_holders(account_id, identity):
            raise InvalidInputError(
                f"{record.raw_ref}: {record.source} item {record.source_id!r} is stored under account "
                f"{min(others)}, not {account_id}; an ingest never moves items between accounts "
                "(ingest it with an explicit account to store it there too); not applied"
            )

    def _delete_unseen(self, seen: set[int]) -> int:
        query = select(Interaction.id).where(Interaction.origin == self.origin, Interaction.id.not_in(seen))
        if self.forced_account_id is not None:
            query = query.where(Interaction.account_id == self.forced_account_id)
        with self.services.sessions() as session:
            gone = session.scalars(query).all()
        return delete_interactions(self.services, gone)


def delete_interactions(services: Services, interaction_ids: Iterable[int]) -> int:
    """Delete interactions from SQL, then their vectors; returns how many rows were deleted."""
    # SQL first: a crash after the commit leaves only orphan vectors, which retrieval ignores
    # (it joins on SQL chunks) and `repair` removes.
    doomed: dict[int, list[str]] = defaultdict(list)
    ids = list(interaction_ids)
    with services.sessions() as session:
        rows = session.scalars(select(Interaction).where(Interaction.id.in_(ids))).all() if ids else []
        for row in rows:
            doomed[row.account_id].extend(
                session.scalars(select(Chunk.id).where(Chunk.interaction_id == row.id))
            )
            session.delete(row)
        session.commit()
    for account_id, chunk_ids in doomed.items():
        services.vector_index.delete(account_id, chunk_ids)
    return len(rows)
