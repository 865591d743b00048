# es: report (issue 27).
