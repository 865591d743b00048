# fr: columns (issue 27).
