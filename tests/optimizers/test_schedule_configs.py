"""Learning-rate schedules: every one round-trips through its config (name included) and checks
its arguments."""
import pytest

from glassnet.optimizers import schedules

SCHEDULES = [
    schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True, name="exp"),
    schedules.StepDecay(0.3, step_size=7, drop=0.25, name="stairs"),
    schedules.PiecewiseConstantDecay(boundaries=[5, 10], values=[1.0, 0.5, 0.1], name="steps"),
    schedules.InverseTimeDecay(0.2, decay_steps=4, decay_rate=1.5, staircase=True, name="inverse"),
]


@pytest.mark.parametrize("schedule", SCHEDULES, ids=lambda s: type(s).__name__)
def test_config_round_trip_keeps_every_argument_and_the_values(schedule):
    config = schedule.get_config()
    assert isinstance(config, dict) and config["name"] == schedule.name
    again = type(schedule).from_config(config)
    assert again.get_config() == config
    assert [again(t) for t in range(0, 30, 3)] == [schedule(t) for t in range(0, 30, 3)]
    assert schedules.deserialize(schedules.serialize(schedule)).get_config() == config


def test_inverse_time_decay_by_hand():
    smooth = schedules.InverseTimeDecay(0.2, decay_steps=4, decay_rate=1.5)
    assert smooth(6) == pytest.approx(0.2 / (1 + 1.5 * 6 / 4))
    stairs = schedules.InverseTimeDecay(0.2, decay_steps=4, decay_rate=1.5, staircase=True)
    assert stairs(6) == pytest.approx(0.2 / (1 + 1.5 * 1))


def test_piecewise_boundaries_must_increase():
    with pytest.raises(ValueError, match=r"boundaries must increase, got \[10, 5\]"):
        schedules.PiecewiseConstantDecay([10, 5], [1.0, 0.5, 0.1])
    with pytest.raises(ValueError, match="decay_steps must be positive, got 0"):
        schedules.InverseTimeDecay(0.1, decay_steps=0, decay_rate=1.0)
