"""What the application, placement and hours pages read (one module per subject)."""
