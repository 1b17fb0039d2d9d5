"""The numpy fetch of the analysis tables gives what the ORM gives, on either database (on
PostgreSQL the database joins the rows into one text value); a null would shift the columns
there, so it is refused."""

import numpy as np
import pytest
from django.db import connection

from coding.analysis import fetch
from coding.models import Coding

COLUMNS = ("coder_id", "transcript_id", "code_id", "start", "end")


@pytest.mark.django_db
def test_int_array_is_the_orm_rows(coded):
    study = coded.world.study
    rows = Coding.objects.filter(transcript__study=study).values_list(*COLUMNS)
    found = fetch.int_array(rows.order_by(), 5)
    assert found.dtype == np.int64 and found.shape == (14, 5)  # conftest's PLAN
    assert sorted(map(tuple, found.tolist())) == sorted(rows)
    assert fetch.int_array(rows.filter(start__lt=0).order_by(), 5).shape == (0, 5)
    joined = rows.filter(transcript__participant__isnull=False)
    joined = joined.values_list("id", "transcript__participant_id").order_by()
    assert sorted(map(tuple, fetch.int_array(joined, 2).tolist())) == sorted(joined)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the text path is PostgreSQL's")
def test_a_null_is_refused(coded):
    rows = Coding.objects.filter(transcript__study=coded.world.study)
    with pytest.raises(ValueError):
        fetch.int_array(rows.values_list("id", "transcript__participant_id").order_by(), 2)
