"""A small format 2 story used by the format 2 tests: draws, words, ids, reasons, messages."""

from __future__ import annotations

STORY = """
format: 2
id: f2
title: Format Two
start: hello
pronouns: ex_pronouns
characters:
  ex: {name: "{ex}"}
variables:
  ex: {value: Alex, ask: "Their name?"}
  ex_pronouns: {value: they, one_of: [he, she, they], ask: "Pronouns?"}
  ready:
    value: false
    draw:
      - {value: true, weight: 3, says: "{ex} had been hoping you would ring."}
      - {value: false, weight: 1, says: "{ex} had moved on before you rang."}
  pushes:
    value: 0
    min: 0
    max: 3
    words:
      - {upto: 0, text: "{ex} never had to hold a line."}
      - {upto: 3, text: "{ex} had to hold the line {pushes} times."}
  warmth: {value: 2, min: 0, max: 5, meter: "How warm {ex} felt"}
lessons:
  patience: {title: Wait, theme: patience, text: Let them set the pace.}
  honesty: {title: Say it, theme: sincerity, text: Say the true thing.}
checkpoints:
  - id: ch2
    title: "Chapter 2: {ex}"
    scene: bench
    set: {warmth: 4}
    visited: [hello]
guarantees:
  - id: pushed_not_hopeful
    says: "Pushing {ex} never ends hopeful."
    if: missed("patience")
    then: tone != "hopeful"
  - id: short
    then: decisions <= 3
  - id: both_ways
    reachable:
      - {ending: end_yes, when: kept("honesty")}
"""

CHAPTER = """
chapter: "Meeting {ex}"
scenes:
  hello:
    text:
      - message: {from: you, time: "02:07", draft: true, text: "I miss you."}
      - message: {from: ex, time: "09:14", text: "Morning.", status: read}
      - "{ex} waves."
    prompt:
      text: "What might {ex} be feeling?"
      notes: "Perspective-taking; keep both ends of the line."
    choices:
      - id: wait
        text: Wait.
        goto: bench
        set: {warmth: +1}
        lesson: {id: patience, kept: true, note: "You waited."}
      - id: push
        text: Ask again, and again.
        goto: bench
        set: {pushes: +2, warmth: -1}
        lesson:
          - {id: patience, kept: false, note: "You asked twice."}
          - {id: honesty, kept: true, note: "You said what you wanted."}
  bench:
    text:
      - "The bench is cold."
    choices:
      - id: tell
        text: Tell {them} the truth.
        goto: decide
        lesson: {id: honesty, kept: true}
      - id: joke
        text: Make a joke.
        goto: decide
  decide:
    goto:
      - if: ready and warmth >= 3 and pushes == 0
        goto: end_yes
        why: "{ex} was ready, and felt close enough."
      - goto: end_no
        why: "{ex} had decided."
  end_yes:
    text:
      - because: chose("bench.tell")
        ex: "Thanks for saying it."
      - "You walk together."
    ending:
      title: "Yes, {ex}"
      tone: hopeful
      outcome: together
      lessons: [patience]
      questions: ["What did {ex} see?", "What would you do next?"]
  end_no:
    text:
      - because: chose("hello.push")
        ex: "You asked twice."
      - "You walk home alone."
    ending:
      title: Not Now
      tone: bittersweet
      outcome: apart
      lessons: [patience, honesty]
      questions: ["Was it fair?", "What now?"]
"""
