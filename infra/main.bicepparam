// Example parameters for infra/main.bicep. Copy and adjust; no value here is a secret, and none may be:
// secrets go into Key Vault after deployment (docs/deploy.md).
//
//   az deployment group create -g <group> -f infra/main.bicep -p infra/main.bicepparam \
//     -p deployerPrincipalId=$(az ad signed-in-user show --query id -o tsv)
using 'main.bicep'

// Prefix of the resource names; a hash of subscription, group and this name keeps them unique.
param environmentName = 'smsotp'

param tags = {
  service: 'sms-otp'
  environment: 'production'
}

// Flex Consumption scale ceiling: also a ceiling on the SMS send rate and on cost.
param maximumInstanceCount = 40
param instanceMemoryMB = 2048
// Warm instances of the HTTP functions (send, verify, ...): the first login after a quiet period does not
// wait for a worker to start. Each is billed while idle at the rate of instanceMemoryMB; 0 = scale to zero.
param alwaysReady = 1

// Alerts (docs/operations.md). The e-mail that gets them, e.g. 'oncall@example.com'; empty creates no
// action group, and the rules still fire in Azure Monitor > Alerts without notifying anyone.
param alertEmail = ''
// Thresholds, here at their defaults (percentages; see the parameter descriptions in main.bicep).
param deliveryFailurePercentThreshold = 20
param conversionPercentThreshold = 50
param serverErrorPercentThreshold = 5

// Grant yourself Key Vault Secrets Officer to set the secrets (object id of a user, group or SP).
// Usually passed on the command line, as above; empty grants nothing.
param deployerPrincipalId = ''
param deployerPrincipalType = 'User'

// Service policy (spec section 5). These are the spec's defaults; change what your login flow needs.
param mandatory = false
param captureAndUpdateMobileNumber = true
param sendOtpDirectlyToMobile = false
param tokenLength = 6
param tokenExpirySeconds = 300
param maxAttemptsPerChallenge = 3
param accountLockEnabled = true
param accountLockMaxFailedAttempts = 5
param messageTemplate = 'Verification Code: {code}'
param defaultRegion = ''
param allowedCountryCodes = ''

// SMS provider (spec section 6): non-secret settings only. Credentials live in Key Vault under the
// names below and are referenced from the provider template as {secret:NAME}.
param extraAppSettings = {
  SmsOtp__Providers__0__Name: 'twilio'
  SmsOtp__Providers__0__Preset: 'twilio'
  SmsOtp__Providers__0__From: '+15005550006'
}

param providerSecretNames = [
  'twilio-account-sid'
  'twilio-auth-token'
]

// Key Vault secret names of the service's own keys (the app's defaults).
param hmacKeySecretName = 'otp-hmac-key'
param queueEncryptionKeySecretName = 'queue-encryption-key'
