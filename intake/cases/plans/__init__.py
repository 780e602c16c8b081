"""The treatment plan of a case: goals with objectives and interventions, and plan reviews."""
