"""The pages applicants use without signing in: the notice board, the calculator, tracking and
rating a case with the receipt's code, and an online complaint."""
