from nearer.accounts.forms import ProfileForm


def test_time_zone_select_is_labelled_and_keeps_the_choice(db) -> None:
    form = ProfileForm(data={"display_name": "Jo", "time_zone": "Asia/Kolkata"})
    html = str(form["time_zone"])
    assert 'id="id_time_zone"' in html
    assert 'name="time_zone"' in html
    assert '<option value="Asia/Kolkata" selected>' in html
    assert html.count(" selected") == 1
    assert form.is_valid()


def test_unknown_time_zone_is_refused_with_a_message(db) -> None:
    form = ProfileForm(data={"display_name": "Jo", "time_zone": "Mars/Olympus"})
    assert not form.is_valid()
    assert "time_zone" in form.errors
