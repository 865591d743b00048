# fr: problems (issue 27).
