#!/usr/bin/env python
import sys

from nearer.cli import main

if __name__ == "__main__":
    main(sys.argv[1:])
