"""Optional engines run inside the gate: their results become findings like any rule's."""
