#!/usr/bin/env bash
# Samverkan i Teams: the Microsoft Entra app registrations, which an ARM template cannot make.
# Run with the Azure CLI signed in (az login) as someone who may register apps and grant
# admin consent in the tenant. Every step can be re-run: existing registrations are reused.
# docs/deploy.md says when to run each command.
set -euo pipefail

readonly TEAMS_CLIENT_IDS=(
  1fec8e78-bce4-4aaf-ab1b-5451cc387264 # Teams desktop and mobile
  5e3ce6c0-2b1f-4285-8d4b-75ee78787346 # Teams on the web
)
readonly MICROSOFT_GRAPH=00000003-0000-0000-c000-000000000000
readonly SITES_SELECTED_ROLE=883ea226-0bf2-4a8f-9f9d-92c9162a727d # Sites.Selected, application
readonly SCOPE=access_as_user
readonly PLACEHOLDER_ID=00000000-0000-0000-0000-000000000000

usage() {
  cat <<'USAGE'
Usage:
  infra/entra-app.sh sso --domain <host> [--name <display name>] [--dry-run]
      The tab's registration for Teams single sign-on: application ID URI
      api://<host>/<client id>, the scope access_as_user, the Teams clients pre-authorised.
      <host> is the app's host, e.g. samverkan-rvb.azurewebsites.net.
      Prints AAD_CLIENT_ID and AAD_TENANT_ID.

  infra/entra-app.sh graph [--name <display name>] [--dry-run]
      The Graph store's registration: the application permission Sites.Selected (no site
      until one is granted, see docs/deploy.md), with admin consent. Prints GRAPH_CLIENT_ID.

  infra/entra-app.sh federate --graph-client-id <id> --identity-principal-id <id> [--tenant-id <id>] [--dry-run]
      Lets the web app's managed identity sign in as the Graph store's registration
      (a federated credential: no secret anywhere). The principal id is the ARM
      deployment's output identityPrincipalId.

  --dry-run prints the Azure CLI commands and request bodies instead of running them.
USAGE
}

dry_run=false

# Runs a command, or with --dry-run prints it (on one line, the body last) instead.
run() {
  if $dry_run; then
    printf 'DRY-RUN %s\n' "$*"
  else
    "$@"
  fi
}

# Prints the output of a read-only az query, or with --dry-run the given stand-in.
query() {
  local stand_in=$1
  shift
  if $dry_run; then printf '%s\n' "$stand_in"; else "$@"; fi
}

new_uuid() {
  if command -v uuidgen >/dev/null 2>&1; then uuidgen | tr 'A-Z' 'a-z'; else cat /proc/sys/kernel/random/uuid; fi
}

# The registration's client id, made if no registration of that name exists yet.
ensure_app() {
  local name=$1 app_id
  app_id=$(query "$PLACEHOLDER_ID" az ad app list --display-name "$name" --query '[0].appId' -o tsv)
  if [[ -z $app_id ]]; then
    app_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
  fi
  # A service principal makes the registration usable (and consentable) in this tenant.
  if ! $dry_run && ! az ad sp show --id "$app_id" >/dev/null 2>&1; then
    az ad sp create --id "$app_id" >/dev/null
  fi
  printf '%s\n' "$app_id"
}

tenant_id() {
  query "$PLACEHOLDER_ID" az account show --query tenantId -o tsv
}

# The scope Teams asks for. Consent texts are shown to users, so they are in Swedish.
scope_json() {
  local scope_id=$1
  printf '{"id":"%s","value":"%s","type":"User","isEnabled":true,' "$scope_id" "$SCOPE"
  printf '"adminConsentDisplayName":"Använda Samverkan i Teams som den inloggade användaren",'
  printf '"adminConsentDescription":"Låter Teams logga in användaren i fliken Samverkan i Teams med användarens identitet.",'
  printf '"userConsentDisplayName":"Använda Samverkan i Teams som dig",'
  printf '"userConsentDescription":"Låter Teams logga in dig i fliken Samverkan i Teams."}'
}

# First the identifier URI and the scope; the pre-authorisation names the scope, so it comes
# second, and repeats the scope because a PATCH replaces the whole `api` object.
sso_scope_body() {
  local domain=$1 app_id=$2 scope_id=$3
  printf '{"identifierUris":["api://%s/%s"],"api":{"requestedAccessTokenVersion":2,"oauth2PermissionScopes":[%s]}}' \
    "$domain" "$app_id" "$(scope_json "$scope_id")"
}

sso_preauthorize_body() {
  local app_id=$1 scope_id=$2 pre="" client
  for client in "${TEAMS_CLIENT_IDS[@]}"; do
    pre+="${pre:+,}{\"appId\":\"$client\",\"delegatedPermissionIds\":[\"$scope_id\"]}"
  done
  printf '{"api":{"requestedAccessTokenVersion":2,"oauth2PermissionScopes":[%s],"preAuthorizedApplications":[%s]}}' \
    "$(scope_json "$scope_id")" "$pre"
}

federated_credential_body() {
  local tenant=$1 principal=$2
  printf '{"name":"samverkan-web-app","issuer":"https://login.microsoftonline.com/%s/v2.0","subject":"%s","audiences":["api://AzureADTokenExchange"],"description":"The managed identity of the Samverkan i Teams web app"}' \
    "$tenant" "$principal"
}

cmd_sso() {
  local domain="" name="Samverkan i Teams"
  while [[ $# -gt 0 ]]; do
    case $1 in
      --domain) domain=${2:?--domain needs a host}; shift 2 ;;
      --name) name=${2:?--name needs a value}; shift 2 ;;
      --dry-run) dry_run=true; shift ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  if [[ ! $domain =~ ^[A-Za-z0-9.-]+(:[0-9]+)?$ ]]; then
    echo "sso: --domain must be the app's host, e.g. samverkan-rvb.azurewebsites.net (no https://, no path)" >&2
    exit 2
  fi
  local app_id object_id scope_id
  app_id=$(ensure_app "$name")
  object_id=$(query "$PLACEHOLDER_ID" az ad app show --id "$app_id" --query id -o tsv)
  scope_id=$(query "" az ad app show --id "$app_id" --query "api.oauth2PermissionScopes[?value=='$SCOPE'].id | [0]" -o tsv)
  [[ -n $scope_id ]] || scope_id=$(new_uuid)
  local uri="https://graph.microsoft.com/v1.0/applications/$object_id"
  run az rest --method PATCH --uri "$uri" --headers Content-Type=application/json --body "$(sso_scope_body "$domain" "$app_id" "$scope_id")"
  run az rest --method PATCH --uri "$uri" --headers Content-Type=application/json --body "$(sso_preauthorize_body "$app_id" "$scope_id")"
  echo "AAD_CLIENT_ID=$app_id"
  echo "AAD_TENANT_ID=$(tenant_id)"
}

cmd_graph() {
  local name="Samverkan i Teams lagring"
  while [[ $# -gt 0 ]]; do
    case $1 in
      --name) name=${2:?--name needs a value}; shift 2 ;;
      --dry-run) dry_run=true; shift ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  local app_id
  app_id=$(ensure_app "$name")
  run az ad app permission add --id "$app_id" --api "$MICROSOFT_GRAPH" --api-permissions "$SITES_SELECTED_ROLE=Role"
  run az ad app permission admin-consent --id "$app_id"
  echo "GRAPH_CLIENT_ID=$app_id"
}

cmd_federate() {
  local client="" principal="" tenant=""
  while [[ $# -gt 0 ]]; do
    case $1 in
      --graph-client-id) client=${2:?}; shift 2 ;;
      --identity-principal-id) principal=${2:?}; shift 2 ;;
      --tenant-id) tenant=${2:?}; shift 2 ;;
      --dry-run) dry_run=true; shift ;;
      *) usage >&2; exit 2 ;;
    esac
  done
  if [[ -z $client || -z $principal ]]; then
    echo "federate: --graph-client-id and --identity-principal-id are required" >&2
    exit 2
  fi
  [[ -n $tenant ]] || tenant=$(tenant_id)
  run az ad app federated-credential create --id "$client" --parameters "$(federated_credential_body "$tenant" "$principal")"
}

main() {
  local command=${1:-}
  [[ $# -gt 0 ]] && shift
  case $command in
    sso) cmd_sso "$@" ;;
    graph) cmd_graph "$@" ;;
    federate) cmd_federate "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
