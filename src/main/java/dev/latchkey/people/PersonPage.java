package dev.latchkey.people;

import java.util.List;

/** `GET /api/user`: Metabase's paged envelope; limit and offset are null when the caller did not page. */
public record PersonPage(List<PersonListItem> data, long total, Long limit, Long offset) {}
