"""The command line (`assistant ...`): one module per group of commands, all over the same library."""
