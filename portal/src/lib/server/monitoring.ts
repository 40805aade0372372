/**
 * Operations of the public monitoring page `/resultaten/monitoring` (issue 14): the seeds' tables
 * computed by the API from the system's own records (`statistics`), per year, municipality and
 * district.
 */
import { operation } from "./operation";

/** One urgency category of [001] Figure 3: A = via listings, B = via direct mediation. */
export interface CategoryFigures {
  category: string;
  viaListings: number;
  viaMediation: number;
  share: number;
}

/** The monitoring tables of one year (and area). */
export interface Monitoring {
  year: number;
  lettings: number;
  keyFigures: {
    registeredSeekers: number;
    activeSeekers: number | null;
    lettings: number;
    meanRegistrationYearsStarters: number;
    meanRegistrationYearsMovers: number;
  };
  urgencyByCategory: CategoryFigures[];
  statutoryUrgencyCategories: CategoryFigures[];
  urgentLettings: { viaListings: number; viaMediation: number; total: number; shareOfAllLettings: number };
  priorityShare: { total: number; withPriority: number; share: number; targetShare: number };
  priorityShareByQuarter: Array<{
    quarter: number;
    total: number;
    withPriority: number;
    share: number;
    targetShare: number;
  }>;
  specialGroupQuotas: Array<{
    group: string;
    lettings: number;
    dwellingsPerYear: number | null;
    realisedShare: number | null;
    source: string;
  }>;
  rentClasses: Array<{
    rentClass: string;
    upTo: number | null;
    stock: number;
    stockShare: number;
    lettings: number;
    lettingsShare: number;
  }>;
  spreading: Array<{
    districtName: string | null;
    lettings: number;
    withPriority: number;
    priorityShare: number;
    municipalityPriorityShare: number;
    exceedsMunicipality: boolean;
    watched: boolean;
    flagged: boolean;
  }>;
  listingCaps: Array<{
    cap: "LOTTERY" | "LOCAL_BINDING";
    municipalityId: string | null;
    used: number;
    total: number;
    share: number;
    maxShare: number;
    withinCap: boolean;
  }>;
  incomeBands: {
    socialLettings: number;
    upToDaeb: number;
    daebToMiddle: number;
    middleToOrdinance: number;
    aboveOrdinance: number;
    shareUpToDaeb: number;
    shareDaebToMiddle: number;
    shareMiddleToOrdinance: number;
    shareAboveOrdinance: number;
    minimumShareUpToDaeb: number;
    meetsDaebMinimum: boolean;
  };
}

export interface MonitoringVars {
  year: number;
  municipalityId?: string | null;
  districtId?: string | null;
}

const CATEGORY = /* GraphQL */ `category viaListings viaMediation share`;

/** All monitoring tables of a year; public. */
export const MONITORING = operation<
  {
    statistics: Monitoring;
    municipalities: Array<{ id: string; name: string; districts: Array<{ id: string; name: string }> }>;
  },
  MonitoringVars
>(/* GraphQL */ `
  query PortalMonitoring($year: Int!, $municipalityId: ID, $districtId: ID) {
    statistics(year: $year, municipalityId: $municipalityId, districtId: $districtId) {
      year
      lettings
      keyFigures { registeredSeekers activeSeekers lettings meanRegistrationYearsStarters meanRegistrationYearsMovers }
      urgencyByCategory { ${CATEGORY} }
      statutoryUrgencyCategories { ${CATEGORY} }
      urgentLettings { viaListings viaMediation total shareOfAllLettings }
      priorityShare { total withPriority share targetShare }
      priorityShareByQuarter { quarter total withPriority share targetShare }
      specialGroupQuotas { group lettings dwellingsPerYear realisedShare source }
      rentClasses { rentClass upTo stock stockShare lettings lettingsShare }
      spreading { districtName lettings withPriority priorityShare municipalityPriorityShare exceedsMunicipality watched flagged }
      listingCaps { cap municipalityId used total share maxShare withinCap }
      incomeBands {
        socialLettings upToDaeb daebToMiddle middleToOrdinance aboveOrdinance
        shareUpToDaeb shareDaebToMiddle shareMiddleToOrdinance shareAboveOrdinance
        minimumShareUpToDaeb meetsDaebMinimum
      }
    }
    municipalities { id name districts { id name } }
  }
`);

/** [001] Figure 2 of one year, for the trend over years. */
export interface KeyFiguresYear {
  year: number;
  keyFigures: Monitoring["keyFigures"];
  priorityShare: { share: number; targetShare: number };
}

/** [001] Figure 2 and the priority share of one year, for the trend over years. */
export const KEY_FIGURES = operation<{ statistics: KeyFiguresYear }, MonitoringVars>(/* GraphQL */ `
  query PortalKeyFigures($year: Int!, $municipalityId: ID, $districtId: ID) {
    statistics(year: $year, municipalityId: $municipalityId, districtId: $districtId) {
      year
      keyFigures {
        registeredSeekers
        activeSeekers
        lettings
        meanRegistrationYearsStarters
        meanRegistrationYearsMovers
      }
      priorityShare {
        share
        targetShare
      }
    }
  }
`);
