# The two quick-start commands (see README.md) and a few helpers. Each runs a script in deploy/local.
.PHONY: up test down status
up:      ## install what is missing, start the infrastructure and all services, print where to open them
	@bash deploy/local/up.sh
test:    ## run every check and test against the real infrastructure
	@bash deploy/local/test.sh
down:    ## stop the services and the infrastructure
	@bash deploy/local/down.sh
status:  ## what is running
	@bash deploy/local/infra.sh status; bash deploy/local/services.sh status
