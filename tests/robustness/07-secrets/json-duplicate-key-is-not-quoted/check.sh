python3 "$SOURCE/tests/robustness/check_outputs.py" .
