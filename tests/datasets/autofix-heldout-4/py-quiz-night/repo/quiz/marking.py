"""Marking the answer sheets of a pub quiz night against the quizmaster's key."""
import re
import unicodedata

_ARTICLE = re.compile(r"^(the|a|an) ")


def normalise(answer):
    """Case, accents, punctuation, surrounding spaces and a leading article do not count against a team."""
    text = unicodedata.normalize("NFKD", answer).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9 ]", "", text)
    text = re.sub(r" +", " ", text).strip()
    return _ARTICLE.sub("", text)


def is_right(answer, accepted):
    return normalise(answer) in {normalise(a) for a in accepted}


def score_round(key, answers):
    """One point for each question whose answer is one of the key's accepted answers; a blank scores nothing."""
    if len(answers) > len(key):
        raise ValueError(f"{len(answers)} answers for a round of {len(key)} questions")
    points = 0
    for i in range(len(key)):
        if is_right(answers[i], key[i]):
            points += 1
    return points


def score_sheet(rounds, sheet):
    """A team's points for the night, round by round: the round they played their joker on counts double."""
    if len(sheet["rounds"]) != len(rounds):
        raise ValueError(f"{sheet['team']} handed in {len(sheet['rounds'])} rounds of {len(rounds)}")
    scores = []
    for number, (quiz_round, answers) in enumerate(zip(rounds, sheet["rounds"]), start=1):
        points = score_round(quiz_round["key"], answers)
        scores.append(points * 2 if sheet.get("joker") == number else points)
    return scores


def standings(night):
    """(team, total, round scores), best total first; a tie is split on the last round, then by name."""
    table = [(s["team"], scores) for s in night["sheets"] for scores in [score_sheet(night["rounds"], s)]]
    table.sort(key=lambda row: (-sum(row[1]), -row[1][-1], row[0]))
    return [(team, sum(scores), scores) for team, scores in table]
