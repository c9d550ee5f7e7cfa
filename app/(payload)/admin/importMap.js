import { LearnerListTools as LearnerListTools_5e4fa427ad92bb2935ce03f814c788ec } from '../../../src/admin/learners/LearnerListTools'
import { AudioPreview as AudioPreview_e99bc2087fc6ac11a4c7fdb48d945550 } from '../../../collections/learners/Recordings/AudioPreview'
import { AnalyticsNavLink as AnalyticsNavLink_f763dbd8d6406a510f061fb86f656d1b } from '../../../src/admin/analytics/AnalyticsNavLink'
import { DashboardAnalytics as DashboardAnalytics_1e89fee43313c261a16f73e1496c085e } from '../../../src/admin/analytics/DashboardAnalytics'
import { AnalyticsView as AnalyticsView_deb0ed311686bb446c16051fe09b6dc4 } from '../../../src/admin/analytics/AnalyticsView'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/src/admin/learners/LearnerListTools#LearnerListTools": LearnerListTools_5e4fa427ad92bb2935ce03f814c788ec,
  "/collections/learners/Recordings/AudioPreview#AudioPreview": AudioPreview_e99bc2087fc6ac11a4c7fdb48d945550,
  "/src/admin/analytics/AnalyticsNavLink#AnalyticsNavLink": AnalyticsNavLink_f763dbd8d6406a510f061fb86f656d1b,
  "/src/admin/analytics/DashboardAnalytics#DashboardAnalytics": DashboardAnalytics_1e89fee43313c261a16f73e1496c085e,
  "/src/admin/analytics/AnalyticsView#AnalyticsView": AnalyticsView_deb0ed311686bb446c16051fe09b6dc4,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
