"""Bar charts drawn on the server: geometry scaled to the largest value."""

from ptp.pages.charts import BAR_GAP, BAR_HEIGHT, bar_chart


def test_bars_scale_to_the_largest_value():
    chart = bar_chart([("Pisa", 4), ("Grosseto", 1)], width=640, label_width=160)

    plot = 640 - 160 - 40
    assert [b.width for b in chart.bars] == [plot, plot / 4]
    assert [b.y for b in chart.bars] == [0, BAR_HEIGHT + BAR_GAP]
    assert chart.height == 2 * (BAR_HEIGHT + BAR_GAP)
    assert chart.bars[0].value_x == 160 + plot + 6


def test_an_empty_or_all_zero_chart_does_not_divide_by_zero():
    assert bar_chart([]).bars == ()
    assert bar_chart([]).height == BAR_HEIGHT
    assert [b.width for b in bar_chart([("Siena", 0)]).bars] == [0]
