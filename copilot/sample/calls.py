"""Writes call transcripts as speaker turns with timings and the action items agreed on the call."""

from __future__ import annotations

import random
from datetime import timedelta

from copilot.sample import text_calls as lines
from copilot.sample.catalog import SOLUTIONS_ENGINEER
from copilot.sample.facts import long_date
from copilot.sample.model import Account, ActionItem, Call, Plant, Turn
from copilot.sample.plan import Skeleton, Slot

WORDS_PER_SECOND = 2.6


class CallWriter:
    """Renders every planned call of one account."""

    def __init__(self, rng: random.Random, account: Account, plants: list[Plant], taken: set[str]) -> None:
        self.rng = rng
        self.account = account
        self.plants = plants
        self.taken = taken

    def render(self, skeleton: Skeleton) -> list[Call]:
        """One Call per planned call slot."""
        return [self._call(ci, slot) for ci, slot in enumerate(skeleton.calls)]

    def _path(self, slot: Slot) -> str:
        stem = f"calls/{slot.at:%Y-%m-%d}-{self.account.slug}-{slot.topic}"
        path, n = f"{stem}.{slot.fmt}", 2
        while path in self.taken:
            path, n = f"{stem}-{n}.{slot.fmt}", n + 1
        self.taken.add(path)
        return path

    def _call(self, ci: int, slot: Slot) -> Call:
        rng = self.rng
        here = [p for p in self.plants if p.host == "call" and p.slot == (ci, 0)]
        with_se = slot.topic in ("support", "onboarding") or rng.random() < 0.2
        names = {
            "rep": self.account.owner.name,
            "cust": slot.contacts[0].name,
            "cust2": slot.contacts[-1].name,
            "se": SOLUTIONS_ENGINEER.name if with_se else self.account.owner.name,
        }
        firsts = {"c": slot.contacts[0].first, "r": self.account.owner.first}
        script: list[tuple[str, str]] = [
            (names[role], text.format(**firsts)) for role, text in rng.choice(lines.OPENINGS)
        ]
        if rng.random() < 0.5:
            script.extend((names[role], text) for role, text in rng.choice(lines.SMALL_TALK))
        if with_se:
            script.append((names["rep"], "I've also asked Priya from our solutions team to join us."))
            script.append((names["se"], "Hi everyone, happy to be here."))
        script.append((names["rep"], lines.AGENDAS[slot.topic]))
        exchanges = rng.sample(lines.EXCHANGES[slot.topic], k=rng.randint(3, 4))
        for exchange in exchanges:
            script.extend(
                (names[role if role != "cust" or rng.random() < 0.7 else "cust2"], text)
                for role, text in exchange
            )
        script.extend(self._fact_turns(here, names))
        items = self._action_items(slot, here, names)
        script.append((names["rep"], rng.choice(lines.RECAP_INTROS)))
        script.extend((item.owner, item.sentence) for item in items)
        script.extend((names[role], text.format(**firsts)) for role, text in rng.choice(lines.CLOSINGS))
        path = self._path(slot)
        for plant in here:
            plant.source_ref = path
        return Call(path, self.account.crm_id, slot.at, self._timed(script), items)

    def _fact_turns(self, here: list[Plant], names: dict[str, str]) -> list[tuple[str, str]]:
        turns: list[tuple[str, str]] = []
        for plant in here:
            if plant.kind == "complaint":
                turns += [
                    (names["cust"], plant.text),
                    (names["rep"], self.rng.choice(lines.COMPLAINT_REPLIES)),
                ]
            elif plant.kind == "promised_feature":
                turns += [(names["cust"], self.rng.choice(lines.FEATURE_ASKS)), (names["rep"], plant.text)]
        return turns

    def _action_items(self, slot: Slot, here: list[Plant], names: dict[str, str]) -> list[ActionItem]:
        items = [
            ActionItem(owner=p.owner, action=p.action, due=p.due, sentence=p.text)
            for p in here
            if p.kind == "commitment"
        ]
        for _ in range(self.rng.randint(1, 2)):
            ours = self.rng.random() < 0.5
            action = self.rng.choice(lines.MINOR_ACTIONS_US if ours else lines.MINOR_ACTIONS_THEM)
            if any(item.action == action for item in items):
                continue
            owner = names["rep"] if ours else names["cust"]
            due = (
                slot.at.date() + timedelta(days=self.rng.randint(2, 14)) if self.rng.random() < 0.7 else None
            )
            if due is None:
                sentence = self.rng.choice(lines.MINOR_UNDATED).format(action=action)
            else:
                sentence = self.rng.choice(lines.MINOR_DATED).format(
                    action=action, due=long_date(due, self.account, english=True)
                )
            items.append(ActionItem(owner=owner, action=action, due=due, sentence=sentence))
        return items

    def _timed(self, script: list[tuple[str, str]]) -> list[Turn]:
        turns, clock = [], 0.0
        for speaker, text in script:
            duration = max(1.5, len(text.split()) / WORDS_PER_SECOND)
            turns.append(Turn(speaker, text, round(clock, 3), round(clock + duration, 3)))
            clock += duration + self.rng.uniform(0.2, 1.2)
        return turns
