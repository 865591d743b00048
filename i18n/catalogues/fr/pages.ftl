# fr: pages (issue 27).
